#!/usr/bin/env python3
"""Tiles a folder of same-size 8-bit PNGs (grey or RGB, non-interlaced) into one PNG, COLS per row,
in name order: the like-for-like input for classic codecs when cdraw codes the images as one
lossless stream (docs/lossless.md). Plain Python (zlib), no imaging library.

Usage: scripts/mosaic.py FOLDER OUT.png COLS
"""
import zlib, struct, sys, os
def read_png(path):
    d=open(path,'rb').read(); pos=8; idat=b''; 
    while pos<len(d):
        n,=struct.unpack('>I',d[pos:pos+4]); t=d[pos+4:pos+8]; body=d[pos+8:pos+8+n]; pos+=12+n
        if t==b'IHDR': w,h,bd,ct,_,_,il=struct.unpack('>IIBBBBB',body)
        elif t==b'IDAT': idat+=body
    assert bd==8 and il==0, (path,bd,il)
    ch={0:1,2:3,4:2,6:4}[ct]
    raw=zlib.decompress(idat); stride=w*ch; out=bytearray(); prev=bytearray(stride); p=0
    for y in range(h):
        f=raw[p]; line=bytearray(raw[p+1:p+1+stride]); p+=1+stride
        for i in range(stride):
            a=line[i-ch] if i>=ch else 0; b=prev[i]; c=prev[i-ch] if i>=ch else 0
            if f==1: line[i]=(line[i]+a)&255
            elif f==2: line[i]=(line[i]+b)&255
            elif f==3: line[i]=(line[i]+((a+b)>>1))&255
            elif f==4:
                pa=abs(b-c); pb=abs(a-c); pc=abs(a+b-2*c)
                pr=a if pa<=pb and pa<=pc else (b if pb<=pc else c); line[i]=(line[i]+pr)&255
        out+=line; prev=line
    return w,h,ch,bytes(out)
def write_png(path,w,h,ch,pix):
    ct={1:0,3:2}[ch]; stride=w*ch
    raw=b''.join(b'\x00'+pix[y*stride:(y+1)*stride] for y in range(h))
    def chunk(t,b): return struct.pack('>I',len(b))+t+b+struct.pack('>I',zlib.crc32(t+b)&0xffffffff)
    open(path,'wb').write(b'\x89PNG\r\n\x1a\n'+chunk(b'IHDR',struct.pack('>IIBBBBB',w,h,8,ct,0,0,0))+chunk(b'IDAT',zlib.compress(raw,9))+chunk(b'IEND',b''))
src,out,cols=sys.argv[1],sys.argv[2],int(sys.argv[3])
files=sorted(os.listdir(src)); imgs=[read_png(os.path.join(src,f)) for f in files]
w,h,ch,_=imgs[0]; rows=(len(imgs)+cols-1)//cols; W=w*cols; H=h*rows
pix=bytearray(W*H*ch)
for k,(iw,ih,ich,p) in enumerate(imgs):
    ox=(k%cols)*w; oy=(k//cols)*h
    for y in range(h):
        pix[((oy+y)*W+ox)*ch:((oy+y)*W+ox+w)*ch]=p[y*w*ch:(y+1)*w*ch]
write_png(out,W,H,ch,bytes(pix)); print(W,H,ch,len(imgs))
